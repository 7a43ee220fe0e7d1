/*
 * The strand form of the expert workspace, made a little easier with a script (the form works
 * without it): a warning before leaving with unsaved changes, an "Add a source" button, and focus
 * on the error summary and on the fields it links to. Served as a file because the
 * Content-Security-Policy allows no inline script.
 */
/* global document, window, FormData */
(function () {
  'use strict';
  var form = document.querySelector('form.answers-form');
  if (!form) return;

  // ---- Unsaved changes ------------------------------------------------------------------------
  // The form's content as it would be posted, without empty fields: a blank source row added by
  // the button, or a field typed into and emptied again, is not a change.
  function content() {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== '_csrf' && typeof value === 'string' && value.trim() !== '')
        parts.push(name + '=' + value);
    });
    return parts.join('&');
  }
  var loaded = content();
  var changed = false;
  var submitting = false;
  function check() {
    changed = content() !== loaded;
  }
  form.addEventListener('input', check);
  form.addEventListener('change', check);
  // Saving this form is not leaving it; the confirm buttons are other forms and do leave it.
  form.addEventListener('submit', function () {
    submitting = true;
  });
  window.addEventListener('pageshow', function () {
    submitting = false;
  });
  window.addEventListener('beforeunload', function (event) {
    if (!changed || submitting) return;
    event.preventDefault();
    // Older browsers show the dialog only when returnValue is set.
    event.returnValue = '';
  });

  // ---- Add a source ---------------------------------------------------------------------------
  // Each question's sources end with one blank row (enough without a script); the button adds
  // another blank row, renumbering its names, ids and labels, up to the server's maximum.
  function renumber(text, n) {
    return text
      .replace(/\.source\.\d+\./, '.source.' + n + '.')
      .replace(/--source-\d+-/, '--source-' + n + '-')
      .replace(/^Source \d+ /, 'Source ' + (n + 1) + ' ');
  }
  function addSource(button) {
    var box = button.closest('.sources');
    var rows = box.querySelectorAll('.source-row');
    var max = Number(box.getAttribute('data-max')) || 10;
    if (rows.length >= max) return;
    var row = rows[rows.length - 1].cloneNode(true);
    var n = rows.length;
    row.querySelectorAll('label').forEach(function (label) {
      label.htmlFor = renumber(label.htmlFor, n);
    });
    row.querySelectorAll('.field-name').forEach(function (name) {
      name.textContent = renumber(name.textContent, n);
    });
    row.querySelectorAll('input').forEach(function (input) {
      input.id = renumber(input.id, n);
      input.name = renumber(input.name, n);
      input.value = '';
      input.type = input.name.endsWith('.date') ? 'date' : input.type;
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    });
    rows[rows.length - 1].after(row);
    row.querySelector('input').focus();
    if (n + 1 >= max) button.hidden = true;
  }
  form.querySelectorAll('button.add-source').forEach(function (button) {
    var box = button.closest('.sources');
    var max = Number(box.getAttribute('data-max')) || 10;
    if (box.querySelectorAll('.source-row').length < max) button.hidden = false;
    button.addEventListener('click', function () {
      addSource(button);
    });
  });

  // ---- Error summary --------------------------------------------------------------------------
  // Focus the summary so that it is read first; its links move the focus to the field itself.
  var summary = document.querySelector('.error-summary');
  if (summary) {
    summary.focus();
    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) return;
      var target = document.getElementById(link.getAttribute('href').slice(1));
      if (!target) return;
      event.preventDefault();
      target.scrollIntoView({ block: 'center' });
      var field = target.matches('input, select, textarea')
        ? target
        : target.querySelector('input:checked, input') || target;
      field.focus({ preventScroll: true });
    });
  }
})();
