/**
 * The local emulation of the AWS pieces between a domain write and a broadcast:
 * {@link dev.socketiolambda.local.streams.StreamPoller} (a Lambda event source mapping on a
 * DynamoDB stream: batches, {@code batchItemFailures}, retries, bisect, dead letters) and
 * {@link dev.socketiolambda.local.streams.LocalShardQueue} (the SQS queue and fan-out function
 * that deliver the shards of a large broadcast). {@link dev.socketiolambda.local.streams.DomainTables}
 * creates the domain tables a stream rules file declares.
 */
package dev.socketiolambda.local.streams;
