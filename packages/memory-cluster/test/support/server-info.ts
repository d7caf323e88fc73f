/** What a real Aerospike CE 8.1.2 node answers, for the tests that hold the memory cluster to it. */

/** The commands an empty info request answers, in the server's order (transcripts, info-admin; checked against a real node). */
export const SERVER_DEFAULT_INFO_SET: readonly string[] = [
  'features',
  'node',
  'compatibility-id',
  'edition',
  'build_ee_sha',
  'build_sha',
  'build_arch',
  'build_time',
  'build_os',
  'build',
  'version',
  'statistics',
  'services-alumni',
  'services',
  'partition-generation',
];
