namespace TickStream.Itch.Books;

/// <summary>What happened to a price level.</summary>
public enum LevelAction : byte
{
    /// <summary>A level appeared at this position; the levels at and below it moved down by one.</summary>
    New = 0,

    /// <summary>The size (or order count) of the level changed; its price did not.</summary>
    Change = 1,

    /// <summary>The level disappeared; the levels below it moved up by one.</summary>
    Delete = 2,
}
