namespace TickStream.Itch;

/// <summary>
/// Receives parsed ITCH messages. Implement it on a struct and pass the struct as a generic argument
/// (<c>where THandler : struct, IItchMessageHandler</c>) so each call is devirtualised and inlinable. The one
/// method per message type is generated from itch-messages.txt.
/// </summary>
public partial interface IItchMessageHandler
{
    /// <summary>Called for each rejected piece of input, after it was counted.</summary>
    /// <param name="rejected">What was rejected and where.</param>
    void OnError(in ItchError rejected);
}
