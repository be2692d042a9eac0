using System.Text.Json.Nodes;

namespace ChatIntake.Channels.DirectLine;

/// <summary>What an upload request brought: the activity describing it and the files kept, or the protocol's refusal (then nothing is kept).</summary>
public sealed record UploadReceipt(JsonObject Activity, IReadOnlyList<WebChatUpload> Files, IResult? Refusal)
{
    public static UploadReceipt Refused(IResult refusal) => new(new JsonObject(), [], refusal);
}
