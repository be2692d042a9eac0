using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Conversations;

/// <summary>The services a dialog may ask its turn for: the turn's own ticket desk first, then the application's.</summary>
internal sealed class TurnServices(ITicketDesk desk, ICitizenDataDesk dataDesk, ChannelTraits traits, IServiceProvider application) : IServiceProvider
{
    public object? GetService(Type serviceType) =>
        serviceType == typeof(ITicketDesk) ? desk :
        serviceType == typeof(ICitizenDataDesk) ? dataDesk :
        serviceType == typeof(ChannelTraits) ? traits :
        application.GetService(serviceType);
}
