import type { DayUnit } from '../domain/duty.ts';

/**
 * The unit of a grievance's clocks as a deployment setting (docs/rules.md §6): the environment variable
 * GRIEVANCE_DAY_UNIT is `CALENDAR_DAYS` (the default: the Petitions Regulation counts days) or `WORKING_DAYS`. CDK
 * sets it on the function that files grievances from the context `grievanceDayUnit`; the local runtime passes its own
 * environment on. A grievance keeps the unit it was filed under for all its stages (its `unit`, in every response),
 * so a changed setting applies to grievances filed after it. A bad value is refused where it is read — `cdk synth`,
 * `npm start`, a function's cold start — naming the variable and the values it takes.
 */
export const GRIEVANCE_DAY_UNIT_VARIABLE = 'GRIEVANCE_DAY_UNIT';

export const grievanceDayUnits = ['CALENDAR_DAYS', 'WORKING_DAYS'] as const satisfies readonly DayUnit[];

/** The default when nothing is set: calendar days, as the regulation counts them. */
export const DEFAULT_GRIEVANCE_DAY_UNIT: DayUnit = 'CALENDAR_DAYS';

/** A bad unit setting: the message names where it came from and what it takes. */
export class GrievanceDayUnitError extends Error {
  override readonly name = 'GrievanceDayUnitError';
}

/** The unit a setting names (absent or empty: the default). `source` names where it came from, for the message. */
export function grievanceDayUnitOf(setting: unknown, source = GRIEVANCE_DAY_UNIT_VARIABLE): DayUnit {
  if (setting === undefined || setting === null) return DEFAULT_GRIEVANCE_DAY_UNIT;
  const text = String(setting).trim();
  if (text === '') return DEFAULT_GRIEVANCE_DAY_UNIT;
  const unit = grievanceDayUnits.find((u) => u === text);
  if (!unit) {
    throw new GrievanceDayUnitError(`${source}=${text}: expected ${grievanceDayUnits.join(' or ')}`);
  }
  return unit;
}

/** The unit in force in this process (GRIEVANCE_DAY_UNIT), read at each call: a grievance filed now counts in it. */
export function grievanceDayUnit(): DayUnit {
  return grievanceDayUnitOf(process.env[GRIEVANCE_DAY_UNIT_VARIABLE]);
}
