-- Issue 55 defect 11: English /panel-meetings showed the venue as staff wrote it, in Japanese. The place as English
-- readers read it, optional: a venue's name may need no translation ("Online" does). Without it, the place as written.
ALTER TABLE "PanelMeeting" ADD COLUMN "placeEn" TEXT;
