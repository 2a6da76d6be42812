/**
 * Who a sentence is about (ADR 067, made the rule of every participant page and mail by ADR 119; issue 55 defect 5).
 *
 * A participant's pages and mails are read by the participant, by a proxy (代諾者) acting for a child or a person who
 * cannot consent, and — the summary and the programme's news — by a family member following someone. A sentence about
 * the consent, the samples, the data or the care is about the participant: to the participant it says "your samples"
 * 「あなたの試料」, to anyone else it names them ("Hanako's samples" 「花子さんの試料」). A sentence about the reader
 * ("your account", "you can sign out") stays in the second person whoever reads it.
 *
 * One mechanism, explicit keys: each sentence about the subject has two variants in every language, `<key>` about the
 * reader and `<key>_person` about a person named by `{{name}}`. Not i18next's `context` option: a missing context
 * variant silently falls back to the second-person sentence, where a missing key shows as a key, which tests catch.
 * This module is in the i18n layer because the pages (routes, components), the domain (PDF, explanations) and the mails
 * (emails/, which may import nothing of the domain) all reach it.
 */

/** Whom a sentence is about: the reader themself, or a person named to the reader. */
export type SentenceSubject = { kind: "reader" } | { kind: "person"; name: string };

export const theReader: SentenceSubject = { kind: "reader" };

export function aboutPerson(name: string): SentenceSubject {
  return { kind: "person", name };
}

/**
 * Who reads a page or a mail about a participant's consent: the participant themself, a proxy acting for the named
 * participant, or a family member following the named participant.
 */
export type Reader = { as: "self" } | { as: "proxy"; name: string } | { as: "follower"; name: string };

/** The rule: the participant reads about themself; a proxy and a follower read about the participant, by name. */
export function sentenceSubjectFor(reader: Reader): SentenceSubject {
  return reader.as === "self" ? theReader : aboutPerson(reader.name);
}

/** The suffix of a sentence's variant about a named person. */
export const personVariant = "_person";

/** The key of a sentence's variant for the subject. */
export function subjectKey(key: string, subject: SentenceSubject): string {
  return subject.kind === "person" ? `${key}${personVariant}` : key;
}

/** The interpolation values a sentence about the subject takes: the caller's, and the person's name where there is one. */
export function subjectValues<V extends Record<string, unknown>>(subject: SentenceSubject, values: V = {} as V): V & { name?: string } {
  return subject.kind === "person" ? { ...values, name: subject.name } : values;
}

/** A translate function fixed to a namespace and the reader's language. */
export type Translate = (key: string, options?: Record<string, string | number>) => string;

/** A sentence in the subject's variant, with the person's name where it has one. */
export function subjectSentence(t: Translate, key: string, subject: SentenceSubject, values: Record<string, string | number> = {}): string {
  return t(subjectKey(key, subject), subjectValues(subject, values));
}
