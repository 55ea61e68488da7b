/** WhatsApp's template categories (a module of its own: the Templates page's form imports it in the browser). */
export const TEMPLATE_CATEGORIES = ["UTILITY", "MARKETING", "AUTHENTICATION"] as const;
