// react-dom 18.3 ships the Web-streams renderer as "react-dom/server.browser" but its types declare it only on
// "react-dom/server"; the signature is the same.
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
