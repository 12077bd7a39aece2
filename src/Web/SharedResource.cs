namespace Procurement.Web;

/// <summary>Anchor type of the portal's strings: Resources/SharedResource.resx (中文, the default) and SharedResource.en.resx.</summary>
public sealed class SharedResource;
