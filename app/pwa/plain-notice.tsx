/**
 * The body of a page that stands alone, without the app's layout or any script (ADR 109): the offline page the service
 * worker keeps, and the page `npm start` serves while the demo is being prepared (ADR 125). A heading, what happened,
 * what to expect, and a link that asks for this very address again — an empty href, a reload that needs no script.
 */
export function PlainNotice({ brand, title, body, note, againLabel }: { brand: string; title: string; body: string; note: string; againLabel: string }) {
  return (
    <main className="offline" id="main">
      <p className="offline__brand">{brand}</p>
      <h1>{title}</h1>
      <p>{body}</p>
      <p className="offline__stored">{note}</p>
      <p>
        <a className="offline__button" href="">
          {againLabel}
        </a>
      </p>
    </main>
  );
}
