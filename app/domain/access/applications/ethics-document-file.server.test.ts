import { deflateSync } from "node:zlib";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { MAX_ETHICS_DOCUMENT_BYTES } from "./ethics-document";
import { ethicsDocumentRefusal, safeEthicsDocumentName } from "./ethics-document-file.server";

/** A real PDF as pdfkit writes one; `extend` may add to its catalogue before it is written. */
function pdfkitDocument(options: PDFKit.PDFDocumentOptions = {}, extend?: (doc: PDFKit.PDFDocument) => void): Promise<Uint8Array> {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  doc.text("Ethics committee approval No. 2026-123. The study is approved.");
  extend?.(doc);
  doc.end();
  return ended.then(() => new Uint8Array(Buffer.concat(chunks)));
}

/** A PDF written by hand, with `objects` (the text of each `n 0 obj … endobj`) and the trailer dictionary's extra entries. */
function handWritten(objects: (string | Buffer)[], trailer = ""): Uint8Array {
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  objects.forEach((object, index) => parts.push(Buffer.from(`${index + 1} 0 obj\n`, "latin1"), Buffer.isBuffer(object) ? object : Buffer.from(object, "latin1"), Buffer.from("\nendobj\n", "latin1")));
  parts.push(Buffer.from(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n0\n%%EOF\n`, "latin1"));
  return new Uint8Array(Buffer.concat(parts));
}

/** An object stream (PDF 1.5) holding `inner` as object 10, FlateDecode as producers write it. */
function objectStream(inner: string, dictionary = "/Filter /FlateDecode"): Buffer {
  const header = "10 0 ";
  const data = deflateSync(Buffer.from(header + inner, "latin1"));
  return Buffer.concat([Buffer.from(`<< /Type /ObjStm /N 1 /First ${header.length} ${dictionary} /Length ${data.length} >>\nstream\n`, "latin1"), data, Buffer.from("\nendstream", "latin1")]);
}

const catalog = "<< /Type /Catalog /Pages 2 0 R >>";
const pages = "<< /Type /Pages /Kids [] /Count 0 >>";

describe("the ethics approval document's check", () => {
  it("accepts a PDF as a producer writes it, with compressed content streams", async () => {
    expect(ethicsDocumentRefusal(await pdfkitDocument())).toBeNull();
    expect(ethicsDocumentRefusal(await pdfkitDocument({ compress: false }))).toBeNull();
    expect(ethicsDocumentRefusal(handWritten([catalog, pages, objectStream("<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://example.org) >> >>")]))).toBeNull();
  });

  it("refuses an empty file, one over 10 MB, and what is not a PDF whatever its name", () => {
    expect(ethicsDocumentRefusal(new Uint8Array())).toBe("ethics_document_empty");
    const large = new Uint8Array(MAX_ETHICS_DOCUMENT_BYTES + 1);
    large.set(handWritten([catalog]));
    expect(ethicsDocumentRefusal(large)).toBe("ethics_document_too_large");
    for (const text of ["not really a pdf", "<html><script>alert(1)</script></html>", " %PDF-1.4\n%%EOF", "%PDF"]) {
      expect(ethicsDocumentRefusal(new Uint8Array(Buffer.from(text))), text).toBe("ethics_document_not_pdf");
    }
  });

  it("refuses a PDF cut short: no %%EOF in its last kilobyte", async () => {
    const whole = await pdfkitDocument();
    expect(ethicsDocumentRefusal(whole.subarray(0, whole.length - 10))).toBe("ethics_document_not_pdf");
    const padded = new Uint8Array(whole.length + 2048);
    padded.set(whole);
    expect(ethicsDocumentRefusal(padded)).toBe("ethics_document_not_pdf");
  });

  it("refuses a PDF protected with a password (encrypted)", async () => {
    expect(ethicsDocumentRefusal(await pdfkitDocument({ userPassword: "secret", ownerPassword: "owner", pdfVersion: "1.7" }))).toBe("ethics_document_encrypted");
    expect(ethicsDocumentRefusal(handWritten([catalog, pages, "<< /Filter /Standard /V 2 /R 3 >>"], "/Encrypt 3 0 R"))).toBe("ethics_document_encrypted");
  });

  it("refuses JavaScript, launch actions, attached files, rich media and XFA, however the name is spelled", async () => {
    const javascript = await pdfkitDocument({}, (doc) => {
      const action = doc.ref({ Type: "Action", S: "JavaScript", JS: new String("app.alert(1)") });
      action.end(null);
      (doc as unknown as { _root: { data: Record<string, unknown> } })._root.data.OpenAction = action;
    });
    expect(ethicsDocumentRefusal(javascript)).toBe("ethics_document_active_content");
    for (const object of [
      "<< /S /JavaScript /JS (app.alert(1)) >>",
      "<< /S /J#61vaScript /JS (app.alert(1)) >>",
      "<< /S /Launch /F (calc.exe) >>",
      "<< /Type /EmbeddedFile /Length 0 >>",
      "<< /Names << /EmbeddedFiles 4 0 R >> >>",
      "<< /Type /Annot /Subtype /RichMedia >>",
      "<< /AcroForm << /XFA 5 0 R >> >>",
      "<< /AA << /O << /JS(x) >> >> >>",
    ]) {
      expect(ethicsDocumentRefusal(handWritten([catalog, pages, object])), object).toBe("ethics_document_active_content");
    }
  });

  it("finds them inside compressed object streams too, and refuses an object stream it cannot read", () => {
    expect(ethicsDocumentRefusal(handWritten([catalog, pages, objectStream("<< /S /JavaScript /JS (app.alert(1)) >>")]))).toBe("ethics_document_active_content");
    expect(ethicsDocumentRefusal(handWritten([catalog, pages, objectStream("<< /S /Launch /F (x) >>")]))).toBe("ethics_document_active_content");
    expect(ethicsDocumentRefusal(handWritten([catalog, pages, objectStream("<< /Type /Catalog >>", "/Filter /LZWDecode")]))).toBe("ethics_document_unreadable");
    const broken = Buffer.from("<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /Length 9 >>\nstream\nnot zlib!\nendstream", "latin1");
    expect(ethicsDocumentRefusal(handWritten([catalog, pages, broken]))).toBe("ethics_document_unreadable");
  });

  it("does not read names inside other streams: binary image data that happens to spell /JS is not refused", () => {
    const image = Buffer.concat([Buffer.from("<< /Type /XObject /Subtype /Image /Length 12 >>\nstream\n", "latin1"), Buffer.from("\x00/JS /Launch\xff", "latin1"), Buffer.from("\nendstream", "latin1")]);
    expect(ethicsDocumentRefusal(handWritten([catalog, pages, image]))).toBeNull();
  });
});

describe("the stored name", () => {
  it("keeps letters, digits, dash and underscore, and always ends in .pdf", () => {
    expect(safeEthicsDocumentName("承認書 2026.PDF")).toBe("2026.pdf");
    expect(safeEthicsDocumentName("../../etc/passwd")).toBe("etc-passwd.pdf");
    expect(safeEthicsDocumentName('approval"; filename=evil.exe')).toBe("approval-filename-evil.pdf");
    expect(safeEthicsDocumentName("\u202Eevil\u0000.pdf")).toBe("evil.pdf");
    expect(safeEthicsDocumentName("")).toBe("ethics-approval.pdf");
  });
});
