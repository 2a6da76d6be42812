/** How consent felt (issue 59 item 4; ADR 149): what the browser may also load — the questions and the forms. */
export { commentStates, ModerateCommentSchema, SurveyAnswerSchema, surveyBands, surveyCommentMax, surveyQuestions, surveyScale } from "./survey-questions";
export type { CommentState, SurveyAnswer, SurveyBand, SurveyQuestion } from "./survey-questions";
