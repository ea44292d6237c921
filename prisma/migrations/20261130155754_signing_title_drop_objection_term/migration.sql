-- The objection term is the Awb's six weeks (OBJECTION_TERM_WEEKS), no parameter of a regulation;
-- nothing reads or copies this column any more.
-- AlterTable
ALTER TABLE "Regulation" DROP COLUMN "objectionTermWeeks";

-- The function a staff member signs besluiten with in mandate ("de directeur Agentschap SZW").
-- AlterTable
ALTER TABLE "User" ADD COLUMN     "signingTitle" TEXT;
