/**
 * The shared kernel's public entry: what routes, components, the server, scripts and every concept may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { AppError, appErrorCodes, isAppError } from "./app-error";
export type { AppErrorCode, RefusalSentence } from "./app-error";
export { atomFeedXml } from "./atom-feed";
export type { AuditContext, AuditEvent } from "./audit-event";
export { isSafeLink } from "./link-rule";
export type { RequestContext } from "./request-context";
export { characterCount, codePointLabel, codePointsOf, compactCode, directionControlPattern, echoedText, firstCharacters, freeTextSchema, isTextRefusalReason, nameReadingSchema, personNameSchema, refusedAs, singleLineTextSchema, sixDigitCodeSchema, unsafeCharacterIn } from "./text-rules";
export type { TextRefusal, TextRefusalReason } from "./text-rules";
export { countryField, emailField, integerField, typedString } from "./typed-input";
export { uuidPattern } from "./uuid";
export { prefectureCodes, prefectureName, prefectures, regionOf, regions } from "./prefectures";
export type { PrefectureCode, Region } from "./prefectures";
export { answerOf, ApiErrorSchema, assembleOpenApiDocument, refusalOf, schemaRef } from "./openapi-document";
export type { OpenApiContribution } from "./openapi-document";
