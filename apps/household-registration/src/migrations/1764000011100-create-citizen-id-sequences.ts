import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The citizen ID sequence allocator (DOMAIN.md §4): one counter row per county, China date of
 * birth and sex, and each allocated sequence with its case. The number itself is not stored
 * here (it is the county, the date, the sequence and a check character): the unique key on
 * (county, date, sequence) is what makes a duplicate impossible, whatever the code above does.
 */
export class CreateCitizenIdSequences1764000011100 implements MigrationInterface {
  name = 'CreateCitizenIdSequences1764000011100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE citizen_id_sequences (
        county_code  char(6) NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
        birth_date   date NOT NULL,
        sex          text NOT NULL CHECK (sex IN ('male', 'female')),
        -- How many sequences are taken: the next one is the (allocated)th, 0-based (boys 1, 3, …; girls 2, 4, …).
        allocated    integer NOT NULL CHECK (allocated BETWEEN 1 AND 500),
        PRIMARY KEY (county_code, birth_date, sex)
      )`);
    await queryRunner.query(`
      CREATE TABLE citizen_id_allocations (
        case_id       uuid PRIMARY KEY,
        county_code   char(6) NOT NULL,
        birth_date    date NOT NULL,
        sex           text NOT NULL CHECK (sex IN ('male', 'female')),
        sequence      smallint NOT NULL CHECK (sequence BETWEEN 1 AND 999),
        allocated_at  timestamptz NOT NULL DEFAULT now(),
        CHECK ((sex = 'male') = (sequence % 2 = 1)),
        UNIQUE (county_code, birth_date, sequence)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE citizen_id_allocations`);
    await queryRunner.query(`DROP TABLE citizen_id_sequences`);
  }
}
