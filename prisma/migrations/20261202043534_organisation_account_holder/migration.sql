-- Organisation.accountHolder: the account holder's name finance approved with the account, the
-- payee name of the bank file. Null means the organisation's own name, which is what every
-- existing account was paid under, so no row needs a value.
ALTER TABLE "Organisation" ADD COLUMN     "accountHolder" TEXT;
