using System.Resources;

// The neutral resources are Chinese: a missing English string falls back to Chinese, never to a key.
[assembly: NeutralResourcesLanguage("zh-CN")]
