/**
 * A request the device's API refuses (400) before anything is signed: `field` names what to fix in the body,
 * the message says how, in a sentence.
 *
 * @example
 * throw new BadRequest('batteryId', 'batteryId must be a whole number from 1 to 4294967295')
 */
export class BadRequest extends Error {
  constructor(readonly field: string, message: string) {
    super(message)
  }
}
