// Vietnamese Telex input: aa→â aw→ă ee→ê oo→ô ow→ơ uw→ư dd→đ, tones s f r x j, z removes.
// Pure functions: the on-screen keyboard and physical keys both feed telexKey().

const TONES = { s: "\u0301", f: "\u0300", r: "\u0309", x: "\u0303", j: "\u0323" };
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const VOWELS = "aăâeêioôơuưy";
const SHAPED = "ăâêôơư";
const CIRCUMFLEX = { a: "â", e: "ê", o: "ô" };
const HORN = { a: "ă", â: "ă", o: "ơ", ô: "ơ", u: "ư" };
const UNSHAPE = { ă: "a", â: "a", ê: "e", ô: "o", ơ: "o", ư: "u" };

const lower = (ch) => ch.toLocaleLowerCase("vi");
const sameCase = (model, ch) => (model === lower(model) ? ch : ch.toLocaleUpperCase("vi"));

/** Split a word into its letters without tone and the tone mark it carries ("" if none). */
export function splitTone(word) {
  const decomposed = word.normalize("NFD");
  const marks = decomposed.match(TONE_MARKS);
  return {
    plain: decomposed.replace(TONE_MARKS, "").normalize("NFC"),
    tone: marks ? marks[marks.length - 1] : "",
  };
}

/** [start, end) of the vowel nucleus; the u of "qu" and the i of "gi" belong to the onset. */
export function nucleus(plain) {
  const text = lower(plain);
  let start = [...text].findIndex((ch) => VOWELS.includes(ch));
  if (start < 0) return null;
  let end = start;
  while (end < text.length && VOWELS.includes(text[end])) end++;
  const onset = start > 0 ? text[start - 1] + text[start] : "";
  if (end - start > 1 && (onset === "qu" || onset === "gi")) start++;
  return [start, end];
}

/** Index of the vowel that carries the tone (traditional placement: hòa, thủy, toán). */
export function tonePosition(plain) {
  const span = nucleus(plain);
  if (!span) return -1;
  const [start, end] = span;
  const text = lower(plain);
  for (let i = end - 1; i >= start; i--) if (SHAPED.includes(text[i])) return i;
  if (end - start === 1) return start;
  if (end < text.length) return end - 1; // closed syllable: the last vowel (hoàn, tuyết)
  if (end - start === 3) return start + 1; // oai, uya, oay: the middle one
  return start; // open pair: the first (hòa, mùa, cái)
}

/** Put `tone` (a combining mark) on the right vowel of a toneless word. */
export function placeTone(plain, tone) {
  const at = tone ? tonePosition(plain) : -1;
  if (at < 0) return plain;
  const marked = (plain[at].normalize("NFD") + tone).normalize("NFC");
  return plain.slice(0, at) + marked + plain.slice(at + 1);
}

function replaceAt(text, index, ch) {
  return text.slice(0, index) + sameCase(text[index], ch) + text.slice(index + 1);
}

function circumflex(plain, key, typed) {
  const span = nucleus(plain);
  if (!span) return plain + typed;
  const text = lower(plain);
  for (let i = span[1] - 1; i >= span[0]; i--) {
    if (text[i] === key) return replaceAt(plain, i, CIRCUMFLEX[key]);
  }
  for (let i = span[1] - 1; i >= span[0]; i--) {
    if (text[i] === CIRCUMFLEX[key]) return replaceAt(plain, i, key) + typed; // aaa → aa
  }
  return plain + typed;
}

function horn(plain, typed) {
  const span = nucleus(plain);
  if (!span) return plain + sameCase(typed, "ư"); // w alone → ư
  const [start, end] = span;
  const text = lower(plain);
  const pair = text.slice(start, end).search(/u[oơ]|ưo/u);
  if (pair >= 0) {
    return replaceAt(replaceAt(plain, start + pair, "ư"), start + pair + 1, "ơ");
  }
  const order = text[start] === "u" ? ["u", "a", "â", "o", "ô"] : ["a", "â", "o", "ô", "u"];
  for (const target of order) {
    const i = text.indexOf(target, start);
    if (i >= 0 && i < end) return replaceAt(plain, i, HORN[target]);
  }
  let undone = plain;
  for (let i = start; i < end; i++) {
    if ("ăơư".includes(text[i])) undone = replaceAt(undone, i, UNSHAPE[text[i]]);
  }
  return undone + typed; // aww → aw
}

function stroke(plain, typed) {
  const first = lower(plain[0] || "");
  if (first === "d") return replaceAt(plain, 0, "đ");
  if (first === "đ") return replaceAt(plain, 0, "d") + typed; // ddd → dd
  return plain + typed;
}

/**
 * The word after typing `key` at its end, with Telex rules applied.
 * `word` is the run of letters before the caret; anything else is inserted as typed.
 */
export function telexKey(word, key) {
  const k = lower(key);
  const { plain, tone } = splitTone(word);
  if (k in TONES) {
    if (!nucleus(plain)) return word + key;
    if (tone === TONES[k]) return plain + key; // ss → s: undo the tone
    return placeTone(plain, TONES[k]);
  }
  if (k === "z") return tone ? plain : word + key;
  let next;
  if (k in CIRCUMFLEX) next = circumflex(plain, k, key);
  else if (k === "w") next = horn(plain, key);
  else if (k === "d") next = stroke(plain, key);
  else next = plain + key;
  return placeTone(next, tone);
}

const LETTER = /\p{L}+$/u;

/** Insert `key` into `before` (the text left of the caret); returns the new text. */
export function telexInsert(before, key) {
  if (!/^\p{L}$/u.test(key)) return before + key;
  const match = before.match(LETTER);
  const word = match ? match[0] : "";
  return before.slice(0, before.length - word.length) + telexKey(word, key);
}

/** Type a whole key sequence, e.g. typeTelex("Ddawng kys") === "Đăng ký". */
export function typeTelex(keys) {
  let text = "";
  for (const key of keys) text = telexInsert(text, key);
  return text;
}
