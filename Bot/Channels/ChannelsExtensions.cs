namespace ChatIntake.Channels;

public static class ChannelsExtensions
{
    /// <summary>The messenger channels. Telegram, Bale and the web chat plug in here; without them the product still runs.</summary>
    public static WebApplicationBuilder AddChannels(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<ChannelStatusLogger>();
        return builder;
    }
}
