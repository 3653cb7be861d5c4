// The kiosk's words: Vietnamese (default) and English. Catalog facts from the API stay
// in Vietnamese: they are quoted from legal texts.
import { EN } from "./strings/en.js";
import { VI } from "./strings/vi.js";

export const STRINGS = { vi: VI, en: EN };
