import { accountEmailProblem, accountNameProblem } from '../../workspace/account-rules.js';
import { parseArgs } from 'node:util';
import { accountByEmail, createUser, ROLES, type Role } from '../../storage/account-repository.js';
import { generatePassword, MIN_PASSWORD_LENGTH } from '../../storage/passwords.js';
import { fileIssue, InputError } from '../../issues/issue.js';
import { EXIT_OK, UsageError, type CliIo } from '../io.js';
import { withDatabase } from '../shared.js';

export const userUsage = `usage: policy-index user add EMAIL --role ${ROLES.join('|')} [--name NAME]

Creates an account (the first admin, for example). The password is read from the environment
variable POLICY_INDEX_PASSWORD (at least ${MIN_PASSWORD_LENGTH} characters); without it, one is generated and
printed once. Passwords are stored as scrypt hashes.`;

export function userCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' } },
  });
  const [action, email] = positionals;
  if (action !== 'add' || email === undefined || positionals.length !== 2)
    throw new UsageError('give: user add EMAIL --role ROLE');
  const emailProblem = accountEmailProblem(email);
  if (emailProblem) throw new UsageError(`the email "${email}" ${emailProblem}`);
  const nameProblem = values.name === undefined ? null : accountNameProblem(values.name);
  if (nameProblem) throw new UsageError(`--name ${nameProblem}`);
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const given = process.env.POLICY_INDEX_PASSWORD;
  if (given !== undefined && given.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(
      `POLICY_INDEX_PASSWORD must have at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  const password = given ?? generatePassword();
  return withDatabase((db) => {
    if (accountByEmail(db, email))
      throw new InputError([
        fileIssue(null, 'user-exists', `a user ${email.toLowerCase()} exists already`),
      ]);
    const user = createUser(db, {
      email,
      name: values.name ?? email.split('@')[0]!,
      role,
      password,
    });
    io.out(
      `created ${user.role} ${user.email}${given === undefined ? `; password: ${password}` : ''}`,
    );
    return EXIT_OK;
  });
}
