import { type TwilioError, twilioErrorSchema } from "@cloudpa/contracts";

/** A refusal in Twilio's JSON error shape, with the HTTP status it travels with. */
export interface TwilioRefusal {
  status: number;
  body: TwilioError;
}

export function twilioRefusal(status: number, code: number, message: string): TwilioRefusal {
  return {
    status,
    body: twilioErrorSchema.parse({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }),
  };
}

export function authenticationRefusal(): TwilioRefusal {
  const refusal = twilioRefusal(401, 20003, "Authenticate");
  return { ...refusal, body: { ...refusal.body, detail: "Your AccountSid or AuthToken was incorrect." } };
}

export function notFoundRefusal(path: string): TwilioRefusal {
  return twilioRefusal(404, 20404, `The requested resource ${path} was not found`);
}
