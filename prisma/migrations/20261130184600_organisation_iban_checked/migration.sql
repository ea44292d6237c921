-- Organisation.ibanCheckedAt / ibanCheckedById: an organisation is paid only on an account that a
-- finance user approved (decideIbanChange), the first one given at signup included (signup now
-- files it as a pending IbanChangeRequest with an empty previousIban, the "eerste rekeningnummer").
ALTER TABLE "Organisation" ADD COLUMN     "ibanCheckedAt" TIMESTAMP(3),
ADD COLUMN     "ibanCheckedById" TEXT;

-- Every organisation that exists now is taken as checked on its current IBAN: before this change
-- the portal paid on that account without this check, and the organisations that have been paid
-- were paid on it already, so holding their payments now would stop payments that finance has
-- been making all along. Those not yet paid are taken over too: the portal cannot tell now which
-- of their accounts finance looked at outside it, and this change is about who is let in from
-- here on. No one is named as the checker (ibanCheckedById stays null): no finance user approved
-- these accounts in the portal. Where a change is pending, that request still holds payments
-- until it is decided, as before.
UPDATE "Organisation" SET "ibanCheckedAt" = CURRENT_TIMESTAMP WHERE "ibanCheckedAt" IS NULL;
