/**
 * What an RDS DB instance class tells the alarms: vCPUs and memory of the common classes (`db.t3.micro`,
 * `db.r6g.large`, ...), and the default `max_connections` of the engines whose parameter groups document it as a
 * formula of the class memory. Shared by the RDS, DocumentDB and Aurora kinds.
 */

/** RDS and Aurora DB instance classes: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html */
export const RDS_CLASSES =
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html';
/** Default max_connections formulas: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections */
export const RDS_MAX_CONNECTIONS =
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections';

const GIB = 1024 ** 3;

/** Burstable sizes: vCPUs and GiB. */
const BURSTABLE: Readonly<Record<string, readonly [number, number]>> = {
  micro: [2, 1],
  small: [2, 2],
  medium: [2, 4],
  large: [2, 8],
  xlarge: [4, 16],
  '2xlarge': [8, 32],
};
/** vCPUs of the general-purpose and memory-optimized sizes (m: 4 GiB per vCPU, r: 8 GiB per vCPU). */
const SIZES: Readonly<Record<string, number>> = {
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '12xlarge': 48,
  '16xlarge': 64,
  '24xlarge': 96,
};

/** vCPUs and memory (bytes) of a DB instance class, for the families above; undefined for others (db.serverless). */
export function dbClass(instanceClass: string): { vcpus: number; memoryBytes: number } | undefined {
  const m = /^db\.(t[34]g?|m[5-8][a-z]*|r[5-8][a-z]*)\.(\w+)$/.exec(instanceClass);
  if (!m) return undefined;
  const [, family, size] = m;
  if (family.startsWith('t')) {
    const b = Object.hasOwn(BURSTABLE, size) ? BURSTABLE[size] : undefined;
    return b && { vcpus: b[0], memoryBytes: b[1] * GIB };
  }
  const vcpus = Object.hasOwn(SIZES, size) ? SIZES[size] : undefined;
  return vcpus === undefined
    ? undefined
    : { vcpus, memoryBytes: vcpus * (family.startsWith('m') ? 4 : 8) * GIB };
}

/**
 * The default max_connections of an engine on a class, where the default parameter group documents it as a
 * formula of `DBInstanceClassMemory` (MySQL and MariaDB: memory / 12,582,880; PostgreSQL and Aurora PostgreSQL:
 * LEAST(memory / 9,531,392, 5000)). `DBInstanceClassMemory` is the class memory less what the OS and RDS
 * reserve; 90 % of the class memory stands for it. Undefined for other engines (Aurora MySQL, Oracle, SQL Server
 * publish tables or other formulas: give `maxConnections`).
 */
export function defaultMaxConnections(engine: string | undefined, memoryBytes: number): number | undefined {
  const usable = memoryBytes * 0.9;
  if (engine === 'mysql' || engine === 'mariadb') return Math.floor(usable / 12_582_880);
  if (engine === 'postgres' || engine === 'aurora-postgresql')
    return Math.min(Math.floor(usable / 9_531_392), 5000);
  return undefined;
}

/** Engines the RDS kinds tell apart, from a CloudFormation `Engine` value (`oracle-ee`, `aurora`, ...). */
export const RDS_ENGINES = [
  'mysql',
  'mariadb',
  'postgres',
  'oracle',
  'sqlserver',
  'db2',
  'aurora-mysql',
  'aurora-postgresql',
] as const;
export type RdsEngine = (typeof RDS_ENGINES)[number];

/** The engine family of a CloudFormation `Engine` value; undefined for one not known. */
export function rdsEngine(engine: string | undefined): RdsEngine | undefined {
  if (!engine) return undefined;
  const e = engine.toLowerCase();
  if (e === 'aurora') return 'aurora-mysql';
  if (e.startsWith('oracle')) return 'oracle';
  if (e.startsWith('sqlserver')) return 'sqlserver';
  if (e.startsWith('db2')) return 'db2';
  return (RDS_ENGINES as readonly string[]).includes(e) ? (e as RdsEngine) : undefined;
}
