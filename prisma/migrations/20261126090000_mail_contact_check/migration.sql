-- Issue 13: a message sent because the participant's consent allowed a contact (a recontact campaign, a care-team
-- notice) is checked against their consent again just before it leaves; one that is no longer allowed is `withheld`.
ALTER TYPE "MailMessageState" ADD VALUE 'withheld';

ALTER TABLE "MailMessage" ADD COLUMN "contactCheck" JSONB;
