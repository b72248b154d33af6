/**
 * HTTP routes of an application on an API Gateway HTTP API (payload format 2.0): a small
 * {@link dev.socketiolambda.functions.http.Router} of method plus path template, JSON errors,
 * CORS, and the {@link dev.socketiolambda.functions.http.HttpHandler} Lambda handler.
 */
package dev.socketiolambda.functions.http;
