/**
 * The statistics answers of an Aerospike 8.1 node: `statistics`,
 * `namespace/<ns>` (its statistics part) and `sets`. Every key a real node
 * reports is there, in the real node's order; what the memory cluster knows
 * (records, cluster size and key, migrations, connections) has its real
 * value, and counters it does not keep are 0.
 */

import * as os from 'node:os';
import { CITRUSLEAF_EPOCH } from '@aerospike-ts/core/wire';
import type { NamespaceStore, StoredRecord } from '../storage/store.js';
import type { Ownership } from '../topology/ownership.js';

/** The memory-storage stripes a namespace reports (`storage-engine.stripe[i]`). */
export const STRIPES = 8;
/** Bytes of memory storage per namespace (`data-size`, `data_total_bytes`). */
export const DATA_SIZE = 1024 * 1024 * 1024;
/** The cluster compatibility id of 8.1 servers. */
export const COMPATIBILITY_ID = 15;
/** Bytes of primary index per record. */
const INDEX_ENTRY_BYTES = 64;

/** One set's records on one node. */
export interface SetRecords {
  objects: number;
  bytes: number;
}

/** A namespace's records on one node, as a real node counts them. */
export interface NodeRecords {
  /** Records the node holds: master and prole copies. */
  objects: number;
  master: number;
  prole: number;
  /** Records held that never expire. */
  nonExpirable: number;
  /** Storage the held records take. */
  bytes: number;
  /** Every set of the namespace (also those with no record on this node), in first-seen order. */
  sets: Map<string, SetRecords>;
}

/** Storage a record takes: a real node stores it in 16-byte blocks, header and bins together. */
function recordBytes(r: StoredRecord): number {
  let size = 40 + (r.key?.length ?? 0);
  for (const [name, bin] of r.bins) size += Buffer.byteLength(name) + 4 + bin.data.length;
  return Math.ceil(size / 16) * 16;
}

/**
 * Counts the records of `store` that node `nodeName` holds under `own`: as
 * master (replica 0) or prole (any other replica). A node that has not
 * joined the cluster (`loading`) holds none.
 */
export function nodeRecords(store: NamespaceStore, own: Ownership | undefined, nodeName: string, loading: boolean): NodeRecords {
  const out: NodeRecords = { objects: 0, master: 0, prole: 0, nonExpirable: 0, bytes: 0, sets: new Map() };
  const rows = loading ? [] : (own?.owners ?? []);
  for (const [digestKey, record] of store.entries()) {
    let set: SetRecords | undefined;
    if (record.set !== '') {
      set = out.sets.get(record.set) ?? { objects: 0, bytes: 0 };
      out.sets.set(record.set, set);
    }
    // The partition id is the digest's first 12 bits, little-endian.
    const pid = (digestKey.charCodeAt(0) | (digestKey.charCodeAt(1) << 8)) & 0xfff;
    const replica = rows.findIndex((row) => row[pid] === nodeName);
    if (replica === -1) continue;
    const bytes = recordBytes(record);
    if (replica === 0) out.master++;
    else out.prole++;
    out.objects++;
    out.bytes += bytes;
    if (record.voidTime === 0) out.nonExpirable++;
    if (set !== undefined) {
      set.objects++;
      set.bytes += bytes;
    }
  }
  return out;
}

/** `key=value` pairs joined as a real node joins them. */
function join(pairs: ReadonlyArray<readonly [string, string | number | boolean]>): string {
  return pairs.map(([k, v]) => `${k}=${v}`).join(';');
}

/** Names, separated by white space, of counters that are 0 until something happens that the memory cluster does not count. */
function zeros(names: string): Array<[string, number]> {
  return names
    .trim()
    .split(/\s+/)
    .map((n) => [n, 0]);
}

/** What `statistics` reports that the memory cluster knows. */
export interface NodeStatistics {
  clusterSize: number;
  clusterKey: string;
  clusterGeneration: number;
  /** Name of the cluster's principal node (the highest node id). */
  principal: string;
  objects: number;
  clientConnections: number;
  migrateAllowed: boolean;
  migratePartitionsRemaining: number;
  uptimeSeconds: number;
}

/** `statistics`: the node's statistics, keys in a real 8.1 node's order. */
export function statisticsAnswer(s: NodeStatistics): string {
  const total = os.totalmem();
  const free = os.freemem();
  const freeKbytes = Math.floor(free / 1024);
  const freePct = Math.floor((free * 100) / total);
  const heap = process.memoryUsage();
  const heapKbytes = (n: number): number => Math.floor(n / 1024);
  return join([
    ['failed_best_practices', false],
    ['cluster_size', s.clusterSize],
    ['cluster_key', s.clusterKey],
    ['cluster_generation', s.clusterGeneration],
    ['cluster_principal', s.principal],
    ['cluster_min_compatibility_id', COMPATIBILITY_ID],
    ['cluster_max_compatibility_id', COMPATIBILITY_ID],
    ['cluster_integrity', true],
    ['cluster_is_member', true],
    ['cluster_duplicate_nodes', 'null'],
    ['cluster_clock_skew_stop_writes_sec', 0],
    ['cluster_clock_skew_ms', 0],
    ['cluster_clock_skew_outliers', 'null'],
    ['uptime', s.uptimeSeconds],
    ...zeros('system_total_cpu_pct system_user_cpu_pct system_kernel_cpu_pct'),
    ['system_free_mem_kbytes', freeKbytes],
    ['system_free_mem_pct', freePct],
    ['host_free_mem_kbytes', freeKbytes],
    ['host_free_mem_pct', freePct],
    ['system_thp_mem_kbytes', 0],
    ['process_cpu_pct', 0],
    ['threads_joinable', 0],
    ['threads_detached', 0],
    ['threads_pool_total', 0],
    ['threads_pool_active', 0],
    ['heap_allocated_kbytes', heapKbytes(heap.heapUsed)],
    ['heap_active_kbytes', heapKbytes(heap.heapTotal)],
    ['heap_mapped_kbytes', heapKbytes(heap.rss)],
    ['heap_efficiency_pct', heap.heapTotal === 0 ? 100 : Math.round((heap.heapUsed * 100) / heap.heapTotal)],
    ['heap_site_count', 0],
    ['objects', s.objects],
    ['tombstones', 0],
    ...zeros('info_queue rw_in_progress proxy_in_progress tree_gc_queue'),
    ['client_connections', s.clientConnections],
    ['client_connections_opened', s.clientConnections],
    ['client_connections_closed', 0],
    ...zeros(`admin_connections admin_connections_opened admin_connections_closed
      heartbeat_connections heartbeat_connections_opened heartbeat_connections_closed
      fabric_connections fabric_connections_opened fabric_connections_closed
      heartbeat_received_self heartbeat_received_foreign reaped_fds info_complete info_timeout
      demarshal_error early_tsvc_client_error early_tsvc_from_proxy_error early_tsvc_from_proxy_batch_sub_error
      long_queries_active batch_index_initiate`),
    ['batch_index_queue', '0:0,0:0'],
    ...zeros(`batch_index_complete batch_index_error batch_index_timeout batch_index_delay batch_index_unused_buffers
      batch_index_huge_buffers batch_index_created_buffers batch_index_destroyed_buffers`),
    ['batch_index_proto_uncompressed_pct', '0.000'],
    ['batch_index_proto_compression_ratio', '1.000'],
    ['paxos_principal', s.principal],
    ['time_since_rebalance', 0],
    ['migrate_allowed', s.migrateAllowed],
    ['migrate_partitions_remaining', s.migratePartitionsRemaining],
    ...zeros(`fabric_bulk_send_rate fabric_bulk_recv_rate fabric_ctrl_send_rate fabric_ctrl_recv_rate
      fabric_meta_send_rate fabric_meta_recv_rate fabric_rw_send_rate fabric_rw_recv_rate deprecated_requests`),
  ]);
}

/** What `namespace/<ns>` reports that the memory cluster knows. */
export interface NamespaceStatistics {
  clusterSize: number;
  effectiveReplicationFactor: number;
  records: NodeRecords;
  migrateTxRemaining: number;
  migrateRxRemaining: number;
  unavailablePartitions: number;
  deadPartitions: number;
  /** The cluster's clock, Unix ms. */
  nowMs: number;
}

const NAMESPACE_COUNTERS = `
  client_tsvc_error client_tsvc_timeout client_proxy_complete client_proxy_error client_proxy_timeout
  client_read_success client_read_error client_read_timeout client_read_not_found client_read_filtered_out
  client_write_success client_write_error client_write_timeout client_write_filtered_out
  xdr_client_write_success xdr_client_write_error xdr_client_write_timeout
  client_delete_success client_delete_error client_delete_timeout client_delete_not_found client_delete_filtered_out
  xdr_client_delete_success xdr_client_delete_error xdr_client_delete_timeout xdr_client_delete_not_found
  client_udf_complete client_udf_error client_udf_timeout client_udf_filtered_out
  client_lang_read_success client_lang_write_success client_lang_delete_success client_lang_error
  from_proxy_tsvc_error from_proxy_tsvc_timeout
  from_proxy_read_success from_proxy_read_error from_proxy_read_timeout from_proxy_read_not_found from_proxy_read_filtered_out
  from_proxy_write_success from_proxy_write_error from_proxy_write_timeout from_proxy_write_filtered_out
  xdr_from_proxy_write_success xdr_from_proxy_write_error xdr_from_proxy_write_timeout
  from_proxy_delete_success from_proxy_delete_error from_proxy_delete_timeout from_proxy_delete_not_found from_proxy_delete_filtered_out
  xdr_from_proxy_delete_success xdr_from_proxy_delete_error xdr_from_proxy_delete_timeout xdr_from_proxy_delete_not_found
  from_proxy_udf_complete from_proxy_udf_error from_proxy_udf_timeout from_proxy_udf_filtered_out
  from_proxy_lang_read_success from_proxy_lang_write_success from_proxy_lang_delete_success from_proxy_lang_error
  batch_sub_tsvc_error batch_sub_tsvc_timeout batch_sub_proxy_complete batch_sub_proxy_error batch_sub_proxy_timeout
  batch_sub_read_success batch_sub_read_error batch_sub_read_timeout batch_sub_read_not_found batch_sub_read_filtered_out
  batch_sub_write_success batch_sub_write_error batch_sub_write_timeout batch_sub_write_filtered_out
  batch_sub_delete_success batch_sub_delete_error batch_sub_delete_timeout batch_sub_delete_not_found batch_sub_delete_filtered_out
  batch_sub_udf_complete batch_sub_udf_error batch_sub_udf_timeout batch_sub_udf_filtered_out
  batch_sub_lang_read_success batch_sub_lang_write_success batch_sub_lang_delete_success batch_sub_lang_error
  from_proxy_batch_sub_tsvc_error from_proxy_batch_sub_tsvc_timeout
  from_proxy_batch_sub_read_success from_proxy_batch_sub_read_error from_proxy_batch_sub_read_timeout
  from_proxy_batch_sub_read_not_found from_proxy_batch_sub_read_filtered_out
  from_proxy_batch_sub_write_success from_proxy_batch_sub_write_error from_proxy_batch_sub_write_timeout
  from_proxy_batch_sub_write_filtered_out
  from_proxy_batch_sub_delete_success from_proxy_batch_sub_delete_error from_proxy_batch_sub_delete_timeout
  from_proxy_batch_sub_delete_not_found from_proxy_batch_sub_delete_filtered_out
  from_proxy_batch_sub_udf_complete from_proxy_batch_sub_udf_error from_proxy_batch_sub_udf_timeout
  from_proxy_batch_sub_udf_filtered_out
  from_proxy_batch_sub_lang_read_success from_proxy_batch_sub_lang_write_success
  from_proxy_batch_sub_lang_delete_success from_proxy_batch_sub_lang_error
  udf_sub_tsvc_error udf_sub_tsvc_timeout udf_sub_udf_complete udf_sub_udf_error udf_sub_udf_timeout udf_sub_udf_filtered_out
  udf_sub_lang_read_success udf_sub_lang_write_success udf_sub_lang_delete_success udf_sub_lang_error
  ops_sub_tsvc_error ops_sub_tsvc_timeout ops_sub_write_success ops_sub_write_error ops_sub_write_timeout ops_sub_write_filtered_out
  dup_res_ask dup_res_respond_read dup_res_respond_no_read
  retransmit_all_read_dup_res retransmit_all_write_dup_res retransmit_all_delete_dup_res retransmit_all_udf_dup_res
  retransmit_all_batch_sub_read_dup_res retransmit_all_batch_sub_write_dup_res retransmit_all_batch_sub_delete_dup_res
  retransmit_all_batch_sub_udf_dup_res retransmit_udf_sub_dup_res retransmit_ops_sub_dup_res
  retransmit_all_read_repl_ping retransmit_all_batch_sub_read_repl_ping
  retransmit_all_write_repl_write retransmit_all_delete_repl_write retransmit_all_udf_repl_write
  retransmit_all_batch_sub_write_repl_write retransmit_all_batch_sub_delete_repl_write retransmit_all_batch_sub_udf_repl_write
  retransmit_udf_sub_repl_write retransmit_ops_sub_repl_write
  pi_query_short_basic_complete pi_query_short_basic_error pi_query_short_basic_timeout
  pi_query_long_basic_complete pi_query_long_basic_error pi_query_long_basic_abort
  pi_query_aggr_complete pi_query_aggr_error pi_query_aggr_abort
  pi_query_udf_bg_complete pi_query_udf_bg_error pi_query_udf_bg_abort
  pi_query_ops_bg_complete pi_query_ops_bg_error pi_query_ops_bg_abort
  si_query_short_basic_complete si_query_short_basic_error si_query_short_basic_timeout
  si_query_long_basic_complete si_query_long_basic_error si_query_long_basic_abort
  si_query_aggr_complete si_query_aggr_error si_query_aggr_abort
  si_query_udf_bg_complete si_query_udf_bg_error si_query_udf_bg_abort
  si_query_ops_bg_complete si_query_ops_bg_error si_query_ops_bg_abort
  geo_region_query_reqs geo_region_query_cells geo_region_query_points geo_region_query_falsepos
  read_touch_tsvc_error read_touch_tsvc_timeout read_touch_success read_touch_error read_touch_timeout read_touch_skip
  re_repl_tsvc_error re_repl_tsvc_timeout re_repl_success re_repl_error re_repl_timeout
  mrt_verify_read_success mrt_verify_read_error mrt_verify_read_timeout
  mrt_roll_forward_success mrt_roll_forward_error mrt_roll_forward_timeout
  mrt_monitor_roll_forward_success mrt_monitor_roll_forward_error mrt_monitor_roll_forward_timeout
  mrt_roll_back_success mrt_roll_back_error mrt_roll_back_timeout
  mrt_monitor_roll_back_success mrt_monitor_roll_back_error mrt_monitor_roll_back_timeout
  fail_xdr_forbidden fail_key_busy fail_xdr_key_busy fail_generation fail_record_too_big
  fail_client_lost_conflict fail_xdr_lost_conflict fail_mrt_blocked fail_mrt_version_mismatch
  deleted_last_bin mrt_monitor_roll_tombstone_creates ttl_reductions_ignored ttl_reductions_applied`;

/** The statistics part of `namespace/<ns>` (the configuration follows it), keys in a real 8.1 node's order. */
export function namespaceStatisticsAnswer(s: NamespaceStatistics): string {
  const r = s.records;
  const usedPct = Math.floor((r.bytes * 100) / DATA_SIZE);
  const stripes: Array<[string, number]> = [];
  for (let i = 0; i < STRIPES; i++) {
    const prefix = `storage-engine.stripe[${i}]`;
    stripes.push(
      [`${prefix}.used_bytes`, Math.ceil(r.bytes / STRIPES)],
      [`${prefix}.free_wblocks`, 15],
      ...zeros(`${prefix}.writes ${prefix}.defrag_q ${prefix}.defrag_reads ${prefix}.defrag_writes`),
    );
  }
  return join([
    ['ns_cluster_size', s.clusterSize],
    ['effective_replication_factor', s.effectiveReplicationFactor],
    ['objects', r.objects],
    ...zeros('tombstones xdr_tombstones xdr_bin_cemeteries mrt_provisionals'),
    ['master_objects', r.master],
    ['master_tombstones', 0],
    ['prole_objects', r.prole],
    ...zeros('prole_tombstones non_replica_objects non_replica_tombstones unreplicated_records'),
    ['dead_partitions', s.deadPartitions],
    ['unavailable_partitions', s.unavailablePartitions],
    ['auto_revived_partitions', 0],
    ['clock_skew_stop_writes', false],
    ['stop_writes', false],
    ['hwm_breached', false],
    // Seconds since 2010-01-01, the epoch of void times.
    ['current_time', Math.floor(s.nowMs / 1000) - CITRUSLEAF_EPOCH],
    ['non_expirable_objects', r.nonExpirable],
    ...zeros('expired_objects evicted_objects evict_ttl evict_void_time smd_evict_void_time nsup_cycle_duration'),
    ['nsup_cycle_deleted_pct', '0.00'],
    ['nsup_xdr_key_busy', 0],
    ['truncate_lut', 0],
    ['truncating', false],
    ...zeros('sindex_gc_cleaned mrt_monitors mrt_monitors_active xmem_id'),
    ['index_used_bytes', r.objects * INDEX_ENTRY_BYTES],
    ...zeros('set_index_used_bytes sindex_used_bytes'),
    ['data_total_bytes', DATA_SIZE],
    ['data_used_bytes', r.bytes],
    ['data_used_pct', usedPct],
    ['data_avail_pct', 100 - Math.ceil((r.bytes * 100) / DATA_SIZE)],
    ['data_compression_ratio', '1.000'],
    ...stripes,
    ['record_proto_uncompressed_pct', '0.000'],
    ['record_proto_compression_ratio', '1.000'],
    ['query_proto_uncompressed_pct', '0.000'],
    ['query_proto_compression_ratio', '1.000'],
    ['pending_quiesce', false],
    ['effective_is_quiesced', false],
    ['nodes_quiesced', 0],
    ['effective_prefer_uniform_balance', false],
    ['effective_active_rack', 0],
    ...zeros('migrate_tx_partitions_imbalance migrate_tx_instances migrate_rx_instances'),
    ['migrate_tx_partitions_active', s.migrateTxRemaining > 0 ? 1 : 0],
    ['migrate_rx_partitions_active', s.migrateRxRemaining > 0 ? 1 : 0],
    ['migrate_tx_partitions_initial', s.migrateTxRemaining],
    ['migrate_tx_partitions_remaining', s.migrateTxRemaining],
    ['migrate_tx_partitions_lead_remaining', 0],
    ['migrate_rx_partitions_initial', s.migrateRxRemaining],
    ['migrate_rx_partitions_remaining', s.migrateRxRemaining],
    ...zeros(`migrate_records_skipped migrate_records_transmitted migrate_record_retransmits migrate_record_receives
      migrate_records_unreadable migrate_signals_active migrate_signals_remaining migrate_fresh_partitions
      appeals_tx_active appeals_rx_active appeals_tx_remaining appeals_records_exonerated`),
    ...zeros(NAMESPACE_COUNTERS),
  ]);
}

/** A set's properties, `:`-separated and ending in `;`, as `sets` answers them. */
function setProperties(set: SetRecords): string {
  return `${[
    `objects=${set.objects}`,
    'tombstones=0',
    `data_used_bytes=${set.bytes}`,
    'truncate_lut=0',
    'sindexes=0',
    'index_populating=false',
    'truncating=false',
    'default-read-touch-ttl-pct=0',
    'default-ttl=0',
    'disable-eviction=false',
    'enable-index=false',
    'stop-writes-count=0',
    'stop-writes-size=0',
  ].join(':')};`;
}

/**
 * A namespace's part of `sets`: `ns=<ns>:set=<set>:<properties>;` per set;
 * with `setName`, the properties of that set alone (empty when it does not
 * exist), without the `ns=…:set=…:` prefix.
 */
export function setsAnswer(namespace: string, sets: ReadonlyMap<string, SetRecords>, setName?: string): string {
  if (setName !== undefined) {
    const set = sets.get(setName);
    return set === undefined ? '' : setProperties(set);
  }
  let out = '';
  for (const [name, set] of sets) out += `ns=${namespace}:set=${name}:${setProperties(set)}`;
  return out;
}
