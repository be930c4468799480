/**
 * A DDP client for Meteor servers: method calls, login, subscriptions with a local document cache,
 * heartbeats and automatic reconnection over a Jakarta WebSocket client.
 *
 * <p>Start with {@link io.github.meteorjob.ddp.DdpClient#create} and
 * {@link io.github.meteorjob.ddp.DdpClientOptions}. The public types of this package are the API;
 * the implementation behind {@code DdpClient.create} is package-private.
 */
package io.github.meteorjob.ddp;
