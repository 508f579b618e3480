using NetMQ;

namespace TickStream.Recovery;

/// <summary>
/// What a recovery command produced: a message to send now, an error for the service to send (and count and log)
/// in its own way, or neither (CREDIT, or a first message still being built).
/// </summary>
/// <param name="Message">The reply to send now, or null.</param>
/// <param name="Error">What was expected, for an <c>ERROR</c> reply about bad input; null when none.</param>
public readonly record struct RecoveryReply(NetMQMessage? Message, string? Error);
