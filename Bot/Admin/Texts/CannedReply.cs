namespace ChatIntake.Admin.Texts;

/// <summary>A ready-made staff reply, in both languages; the citizen gets the one in theirs.</summary>
public sealed class CannedReply
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string TextFa { get; set; }
    public required string TextEn { get; set; }
}
