/**
 * Cairn's own RocksDB backend on Apache Flink's build of RocksDB ({@code com.ververica:frocksdbjni}, RocksDB 8.10)
 * instead of its dependency {@code org.rocksdb:rocksdbjni}: {@code rocksdb-frocksdbjni}. It runs beside
 * {@code flink-rocksdb} in the peers' JVMs, so the two backends can be compared on one RocksDB engine, and the
 * difference the engine itself makes is measured apart from the difference the backend makes.
 */
package io.cairn.peers.frocksdb;
