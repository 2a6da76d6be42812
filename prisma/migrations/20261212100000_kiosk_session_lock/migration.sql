-- Issue 55, ADR 121: the clinic tablet as a kiosk. The lock is held on the coordinator's session, server-side, so it
-- survives a reload, needs no JavaScript and is checked on every request: while "kioskParticipantId" is set the
-- session reaches only that participant's assisted journey and the hand-back page. "kioskLockId" is new at every lock,
-- and an unlock must name the lock it opens.
ALTER TABLE "Session" ADD COLUMN "kioskParticipantId" UUID,
    ADD COLUMN "kioskLockId" TEXT,
    ADD COLUMN "kioskLockedAt" TIMESTAMPTZ(3);
