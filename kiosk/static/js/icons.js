// Line icons drawn in currentColor (24×24 grid), so they follow the contrast mode.
const icon = (body) =>
  `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" ` +
  `stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

export const ICONS = {
  search: icon('<circle cx="10.5" cy="10.5" r="6.5"/><path d="M15.5 15.5 21 21"/>'),
  checklist: icon(
    '<rect x="4" y="3" width="16" height="18" rx="2"/><path d="m8 9 2 2 4-4"/>' +
      '<path d="M8 15h8"/><path d="M8 18h5"/>',
  ),
  calendar: icon(
    '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>' +
      '<path d="M8 14h2v2H8z"/>',
  ),
  ticket: icon(
    '<path d="M3 7a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v3a2 2 0 0 0 0 4v3a2 2 0 0 1-2 2H5a2 2 0 0 ' +
      '1-2-2v-3a2 2 0 0 0 0-4z"/><path d="M10 9h4M9 12h6M10 15h4"/>',
  ),
  folder: icon(
    '<path d="M3 6a1 1 0 0 1 1-1h5l2 2h9a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z"/>' +
      '<circle cx="12" cy="13" r="2.5"/><path d="m14 15 2 2"/>',
  ),
  star: icon('<path d="m12 3 2.8 5.8 6.2.9-4.5 4.4 1 6.2L12 17.4l-5.5 2.9 1-6.2L3 9.7l6.2-.9z"/>'),
  megaphone: icon(
    '<path d="M3 10v4a1 1 0 0 0 1 1h3l8 4V5L7 9H4a1 1 0 0 0-1 1z"/><path d="M18 9a4 4 0 0 1 0 6"/>' +
      '<path d="M7 15l1.5 5h3L10 16"/>',
  ),
  chat: icon(
    '<path d="M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H10l-5 4v-4H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z"/>' +
      '<path d="M8 10h8M8 13h5"/>',
  ),
  speaker: icon(
    '<path d="M4 9v6h4l5 4V5L8 9z"/><path d="M16.5 8.5a5 5 0 0 1 0 7"/>' +
      '<path d="M19 6a8.5 8.5 0 0 1 0 12"/>',
  ),
  home: icon('<path d="m3 11 9-7 9 7"/><path d="M5 10v10h5v-6h4v6h5V10"/>'),
  back: icon('<path d="M15 5 8 12l7 7"/>'),
  text: icon('<path d="M4 19 9 5l5 14M6 14h6"/><path d="M16 19l2.5-7 2.5 7M17 17h3"/>'),
  contrast: icon(
    '<circle cx="12" cy="12" r="9"/><path d="M12 3v18a9 9 0 0 0 0-18z" fill="currentColor"/>',
  ),
  globe: icon(
    '<circle cx="12" cy="12" r="9"/><path d="M3 12h18"/>' +
      '<path d="M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18"/>',
  ),
  phone: icon('<rect x="7" y="2" width="10" height="20" rx="2"/><path d="M11 18h2"/>'),
  print: icon(
    '<path d="M7 9V3h10v6"/><rect x="3" y="9" width="18" height="8" rx="1"/>' +
      '<path d="M7 14h10v7H7z"/>',
  ),
  happy: icon(
    '<circle cx="12" cy="12" r="9"/><path d="M8 14a5 5 0 0 0 8 0"/><path d="M9 9.5h.01M15 9.5h.01"/>',
  ),
  neutral: icon(
    '<circle cx="12" cy="12" r="9"/><path d="M8.5 15h7"/><path d="M9 9.5h.01M15 9.5h.01"/>',
  ),
  sad: icon(
    '<circle cx="12" cy="12" r="9"/><path d="M8 16a5 5 0 0 1 8 0"/><path d="M9 9.5h.01M15 9.5h.01"/>',
  ),
  send: icon('<path d="M4 12 20 4l-4 16-4-7z"/><path d="m12 13 8-9"/>'),
};
