import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificate number blocks per issuing institution and the numbers taken from them
 * (DOMAIN.md §3). Never reused, by construction: blocks of one prefix cannot overlap (the
 * exclusion constraint, on prefix and serial folded into one bigint range, needs no
 * extension), a block's next serial only grows, and every number taken has its row here with
 * its status (a voided or replaced number stays, so it can never be taken again).
 */
export class CreateCertificateNumberBlocks1764000011200 implements MigrationInterface {
  name = 'CreateCertificateNumberBlocks1764000011200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE certificate_number_blocks (
        id              bigserial PRIMARY KEY,
        institution_id  text NOT NULL CHECK (institution_id ~ '^\\S{1,64}$'),
        prefix          char(1) NOT NULL CHECK (prefix ~ '^[A-Z]$'),
        first_serial    integer NOT NULL CHECK (first_serial BETWEEN 0 AND 999999999),
        last_serial     integer NOT NULL CHECK (last_serial BETWEEN 0 AND 999999999),
        next_serial     integer NOT NULL,
        loaded_at       timestamptz NOT NULL DEFAULT now(),
        loaded_by       text NOT NULL,
        CHECK (first_serial <= last_serial),
        CHECK (next_serial BETWEEN first_serial AND last_serial + 1),
        CONSTRAINT certificate_number_blocks_no_overlap EXCLUDE USING gist (
          int8range(ascii(prefix)::bigint * 1000000000 + first_serial, ascii(prefix)::bigint * 1000000000 + last_serial, '[]') WITH &&
        )
      )`);
    // The current block of an institution: its oldest block with numbers left.
    await queryRunner.query(`
      CREATE INDEX certificate_number_blocks_open_idx ON certificate_number_blocks (institution_id, id)
      WHERE next_serial <= last_serial`);
    await queryRunner.query(`
      CREATE TABLE certificate_numbers (
        number          char(10) PRIMARY KEY,
        block_id        bigint NOT NULL REFERENCES certificate_number_blocks (id),
        institution_id  text NOT NULL,
        case_id         uuid NOT NULL,
        taken_at        timestamptz NOT NULL DEFAULT now(),
        status          text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'voided', 'replaced')),
        status_at       timestamptz NULL,
        replaced_by     char(10) NULL REFERENCES certificate_numbers (number),
        CHECK ((status = 'replaced') = (replaced_by IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX certificate_numbers_case_idx ON certificate_numbers (case_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE certificate_numbers`);
    await queryRunner.query(`DROP TABLE certificate_number_blocks`);
  }
}
