/** Longest note and message, in characters; shared by the forms (maxLength) and the domain. */
export const NOTE_MAX = 4000;
export const MESSAGE_MAX = 4000;
