namespace ChatIntake.Tests.Infrastructure;

/// <summary>
/// A citizen in a chat with the bot, whatever the channel: each verb waits until the bot has answered it, so a
/// journey written once reads the same in-process, on the Telegram emulator and over Direct Line.
/// </summary>
public interface ICitizen
{
    /// <summary>The chat as the product stores it (the inbox's and outbox's external chat id).</summary>
    string ChatId { get; }

    /// <summary>What the bot said in answer to the last verb, joined.</summary>
    string LastText { get; }

    /// <summary>The buttons offered with the bot's last message.</summary>
    IReadOnlyList<string> Buttons { get; }

    Task SaysAsync(string text);

    /// <summary>Presses the offered button whose label contains <paramref name="label"/>, as the channel's client would.</summary>
    Task PressesAsync(string label);

    Task SharesLocationAsync(double latitude, double longitude);

    /// <summary>Waits for a message the bot sends unasked (a staff reply, a follow-up) containing <paramref name="part"/>; returns its text.</summary>
    Task<string> ReceivesAsync(string part);

    /// <summary>Writes the conversation under artifacts/transcripts for a person to read.</summary>
    void SaveTranscript(string name);
}
