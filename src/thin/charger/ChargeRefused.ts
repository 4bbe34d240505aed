/** A charge the charger will not start or stop, with the sentence that says why and what to do. */
export class ChargeRefused extends Error {
  override name = 'ChargeRefused'
  constructor(
    message: string,
    /** The request field at fault, when one is. */
    readonly field?: string,
  ) {
    super(message)
  }
}
