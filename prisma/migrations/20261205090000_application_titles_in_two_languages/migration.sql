-- Issue 29 item 7 (ADR 069): a study's title and the institution doing it are asked in Japanese and English
-- (やさしい日本語 optional) instead of one title in whatever language it was typed. The content of a version is JSON,
-- so the schema does not change; this moves the drafts over.
--
-- A draft (never submitted) keeps its one title as `titleJa` when it holds kana or kanji, else as `titleEn`, and
-- takes the applicant's verified institution the same way, as a new application does. A submitted version is frozen
-- (trigger "DataAccessApplicationVersion_frozen_when_submitted"; its contentHash covers this JSON) and is not
-- rewritten: the app reads its `title` by the same rule (app/domain/access/applications/application-content.ts).

UPDATE "DataAccessApplicationVersion" v
   SET content = (v.content - 'title')
       || CASE
            WHEN coalesce(v.content ->> 'title', '') = '' THEN '{}'::jsonb
            WHEN v.content ->> 'title' ~ '[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]' THEN jsonb_build_object('titleJa', v.content ->> 'title')
            ELSE jsonb_build_object('titleEn', v.content ->> 'title')
          END
 WHERE v."submittedAt" IS NULL
   AND v.content ? 'title';

UPDATE "DataAccessApplicationVersion" v
   SET content = v.content
       || CASE
            WHEN p.institution ~ '[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]' THEN jsonb_build_object('institutionJa', p.institution)
            ELSE jsonb_build_object('institutionEn', p.institution)
          END
  FROM "DataAccessApplication" a
  JOIN "ApplicantProfile" p ON p."userId" = a."applicantId"
 WHERE v."applicationId" = a.id
   AND v."submittedAt" IS NULL
   AND coalesce(v.content ->> 'institutionJa', '') = ''
   AND coalesce(v.content ->> 'institutionEn', '') = '';
