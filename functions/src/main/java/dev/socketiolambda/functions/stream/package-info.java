/**
 * The stream function: DynamoDB Streams records of domain tables become Socket.IO broadcasts,
 * configured by a JSON rule file ({@link dev.socketiolambda.functions.stream.Rules}, format in
 * {@code docs/stream-rules.md}) and an optional {@link dev.socketiolambda.functions.stream.StreamHook},
 * with Lambda's partial batch failure semantics ({@link dev.socketiolambda.functions.stream.StreamProcessor},
 * {@link dev.socketiolambda.functions.stream.StreamHandler}).
 */
package dev.socketiolambda.functions.stream;
