import type { Db } from '../create-db.ts';
import type { NewUser, UserRow } from '../tables/users.table.ts';

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  // PostgreSQL returns count(*) as a string (bigint); SQLite as a number.
  return Number(row.n);
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Db, row: NewUser): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function listUsers(db: Db, organisationId: string): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().where('organisation_id', '=', organisationId).where('disabled_at', 'is', null).orderBy('display_name').execute();
}

/** The installation's organisation (one per installation for now). */
export async function firstOrganisation(db: Db): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('organisations').select(['id', 'name']).orderBy('created_at').executeTakeFirst();
}
