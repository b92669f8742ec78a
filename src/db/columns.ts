/** Column shapes that many tables repeat, written once so every table says the same thing the same way. */
import { integer, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/** A required text reference (a Discord id) whose row goes when the row it points at goes (ON DELETE CASCADE). */
export const textRefColumn = (name: string, target: () => AnySQLiteColumn) =>
  text(name).notNull().references(target, { onDelete: 'cascade' });

/** A required integer reference (an internal id) whose row goes when the row it points at goes. */
export const integerRefColumn = (name: string, target: () => AnySQLiteColumn) =>
  integer(name).notNull().references(target, { onDelete: 'cascade' });

/** An internal row id, assigned by SQLite and never reused. */
export const autoIdColumn = () => integer('id').primaryKey({ autoIncrement: true });
