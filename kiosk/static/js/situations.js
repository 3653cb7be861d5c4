// Situation questions of a checklist, from the catalog's conditional papers: each distinct
// `condition` of a dossier item that is not required for everyone becomes one question
// ("Khi đăng ký vào nhà thuê, mượn hoặc ở nhờ" -> Có / Không / Chưa rõ). The answers decide
// which conditional papers the citizen needs. Pure functions: the checklist screen draws
// them. A later source of questions (the national data's case groups) only has to produce
// the same {key, text, items} shape.

export const YES = "yes";
export const NO = "no";
export const UNSURE = "unsure";

/** "Khi đăng ký vào nhà thuê" -> "Đăng ký vào nhà thuê?" */
export function questionText(condition) {
  const text = condition.trim().replace(/^(khi|nếu|trường hợp)\s+/iu, "");
  return `${text.charAt(0).toLocaleUpperCase("vi")}${text.slice(1)}`.replace(/[.?]*$/u, "?");
}

/** One question per distinct condition, in dossier order: [{key, text, items: [index]}]. */
export function situations(dossier) {
  const byCondition = new Map();
  dossier.forEach((item, index) => {
    if (item.required || !item.condition) return;
    const key = item.condition.trim();
    if (!byCondition.has(key)) byCondition.set(key, { key, text: questionText(key), items: [] });
    byCondition.get(key).items.push(index);
  });
  return [...byCondition.values()];
}

/** The questions not answered yet. `answers`: Map of question key -> YES | NO | UNSURE. */
export function unanswered(questions, answers) {
  return questions.filter((q) => !answers.has(q.key));
}

/**
 * The papers the citizen needs given the answers: [{index, item, why}] where why is
 * "required", YES or UNSURE (a paper to ask the staff about). Unanswered and NO drop out.
 */
export function neededPapers(dossier, answers) {
  const needed = [];
  dossier.forEach((item, index) => {
    if (item.required) needed.push({ index, item, why: "required" });
    else {
      const answer = answers.get((item.condition || "").trim());
      if (answer === YES || answer === UNSURE) needed.push({ index, item, why: answer });
    }
  });
  return needed;
}
