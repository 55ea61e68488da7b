/** The empty TwiML answer: Twilio stored nothing to send back. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
