/**
 * An API Gateway WebSocket API emulator for the local stack: {@link
 * dev.socketiolambda.local.gateway.WebSocketGatewayEmulator} serves WebSocket clients, invokes
 * {@link dev.socketiolambda.local.gateway.LambdaFunction}s with API Gateway's event JSON and
 * serves the {@code @connections} management API for the AWS SDK.
 */
package dev.socketiolambda.local.gateway;
