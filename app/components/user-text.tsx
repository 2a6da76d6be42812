import { Furigana } from "@tsunagi/furigana-jsx/furigana";
import { codePointLabel, codePointsOf, directionControlPattern } from "../domain/kernel/index";

// Characters a reader cannot see but that change what the text shows: direction controls (U+202E can make
// "exe.txt" read "txt.exe") and control characters. Each is shown as a visible marker instead of acting.
const hiddenControlPattern = /[\p{Cc}]/u;
// What the JSX runtime annotates (ADR 037): a text without kanji has no reading to ask for.
const kanji = /[\u3400-\u9FFF\u3005]/;

function isShownAsMarker(character: string, codePoint: number, unpaired: boolean): boolean {
  if (unpaired || codePoint === 0xfffd) return true;
  if (character === "\n" || character === "\r" || character === "\t") return false;
  return directionControlPattern.test(character) || hiddenControlPattern.test(character);
}

/** The pieces of `text`: runs of ordinary characters, and the controls to show as markers (exported for tests). */
export function userTextPieces(text: string): { text: string; marker: boolean }[] {
  const pieces: { text: string; marker: boolean }[] = [];
  let run = "";
  for (const { character, codePoint, unpaired } of codePointsOf(text)) {
    if (!isShownAsMarker(character, codePoint, unpaired)) {
      run += character;
      continue;
    }
    if (run) pieces.push({ text: run, marker: false });
    run = "";
    pieces.push({ text: `⟨${codePointLabel(codePoint)}⟩`, marker: true });
  }
  if (run) pieces.push({ text: run, marker: false });
  return pieces;
}

/**
 * Text someone else typed (a question, an agenda, minutes, a report, a user agent), as staff should read it: isolated
 * from the page around it (<bdi>, so right-to-left text cannot reorder the label beside it) and with every direction
 * control or control character shown as a marker like ⟨U+202E⟩ rather than obeyed (issue 11; ADR 021).
 *
 * On a やさしい日本語 page its kanji get furigana like the page's own words (ADR 037, 123): whatever is shown there in
 * Japanese is read. Names are not drawn through it but through `PersonName`, which gives a name its registered reading
 * or none, never the dictionary's guess; `readings={false}` keeps a text plain where it must be (a code, a quotation
 * kept as typed).
 */
export function UserText({ text, className, readings = true }: { text: string; className?: string; readings?: boolean }) {
  const pieces = userTextPieces(text);
  return (
    <bdi dir="auto" className={className ? `user-text ${className}` : "user-text"}>
      {pieces.map((piece, index) =>
        piece.marker ? (
          <span key={index} className="user-text__control">
            {piece.text}
          </span>
        ) : readings && kanji.test(piece.text) ? (
          <Furigana key={index} text={piece.text} />
        ) : (
          // A bare string, not one in a fragment, which the JSX runtime would read (ADR 123); text needs no key.
          piece.text
        ),
      )}
    </bdi>
  );
}
