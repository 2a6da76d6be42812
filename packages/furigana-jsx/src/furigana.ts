// No JSX in this file: it is compiled with this package's own runtime, and <ruby> built here must not be annotated
// again. React's createElement is used directly.
import { createContext, createElement, Fragment, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from "react";

/** One piece of a text: `reading` (hiragana) only where `base` holds a kanji. */
export interface ReadingSegment {
  base: string;
  reading?: string;
}

/** Readings an author gives for one text (surface → hiragana), used instead of the analyser's for that surface. */
export type ReadingCorrections = Readonly<Record<string, string>>;

/** Where readings come from: the analyser on the server, the page's embedded map and the /readings route in the browser. */
export interface FuriganaReader {
  /**
   * The text's segments under `corrections`, or undefined while they are not known (the text is then shown plain).
   * Returns the same array each time for the same text and corrections (useSyncExternalStore compares by identity).
   */
  segmentsOf(text: string, corrections: ReadingCorrections | undefined): readonly ReadingSegment[] | undefined;
  /** Asks for a text's readings that segmentsOf did not know; the server knows every text at once and has none. */
  request?(text: string, corrections: ReadingCorrections | undefined): void;
  /** Called when more readings became known. */
  subscribe(onChange: () => void): () => void;
}

const ReaderContext = createContext<FuriganaReader | null>(null);
const ScopeContext = createContext(false);
const CorrectionsContext = createContext<ReadingCorrections | undefined>(undefined);

/**
 * Where readings come from, for the whole page. The entries give one when the page, or a part of it, is in
 * やさしい日本語; without one every text renders plain (mail, other languages, tests).
 */
export const FuriganaReaderProvider = ReaderContext.Provider;

/**
 * Whether the texts of a subtree are annotated: the entries set it for the page's language, and a part written in
 * another language than the page's (a consent form opened with ?lang=) sets it for its own.
 */
export function FuriganaScope({ annotate, children }: { annotate: boolean; children?: ReactNode }) {
  return createElement(ScopeContext.Provider, { value: annotate }, children);
}

/** The cache key of a text under corrections: the text alone when there are none. */
export function readingKey(text: string, corrections: ReadingCorrections | undefined): string {
  if (!corrections) return text;
  const entries = Object.entries(corrections)
    .filter(([surface]) => text.includes(surface))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? text : `${text}\u0000${JSON.stringify(entries)}`;
}

/** An author's corrected readings for one subtree (an update's body); inner corrections win over outer ones. */
export function FuriganaCorrections({ corrections, children }: { corrections: ReadingCorrections | null | undefined; children?: ReactNode }) {
  const outer = useContext(CorrectionsContext);
  const merged = useMemo(() => {
    const own = corrections && Object.keys(corrections).length > 0 ? corrections : undefined;
    if (!own) return outer;
    return outer ? { ...outer, ...own } : own;
  }, [outer, corrections]);
  return createElement(CorrectionsContext.Provider, { value: merged }, children);
}

/**
 * A text with readings over its kanji, where a reader is given; the plain text otherwise (other languages, mail,
 * tests without the provider). The JSX runtime renders every kanji-bearing string child of a host element through
 * this, so components rarely name it.
 */
export function Furigana({ text }: { text: string }): ReactNode {
  const reader = useContext(ReaderContext);
  const annotate = useContext(ScopeContext);
  // Two components, so that the plain path (every page not in やさしい日本語) costs two context reads and no more.
  return reader && annotate ? createElement(AnnotatedText, { reader, text }) : text;
}

function AnnotatedText({ reader, text }: { reader: FuriganaReader; text: string }): ReactNode {
  const corrections = useContext(CorrectionsContext);
  const read = () => reader.segmentsOf(text, corrections);
  const segments = useSyncExternalStore(reader.subscribe, read, read);
  useEffect(() => {
    if (segments === undefined) reader.request?.(text, corrections);
  }, [reader, text, corrections, segments]);
  if (!segments) return text;
  return createElement(Fragment, null, ...segments.map(rubyOf));
}

function rubyOf(segment: ReadingSegment): ReactNode {
  if (!segment.reading) return segment.base;
  // The reading is for the eye: a screen reader says the kanji in its own voice, and reading both would say every
  // word twice. It also keeps accessible names (a button's, a link's) the same words as in 日本語.
  return createElement("ruby", null, segment.base, createElement("rt", { "aria-hidden": "true" }, segment.reading));
}
