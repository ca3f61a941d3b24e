# Built by Maven (logstash-filter/pom.xml); the version comes from the VERSION file.
PLUGIN_VERSION = File.read(File.expand_path('VERSION', __dir__)).strip

Gem::Specification.new do |s|
  s.name            = 'logstash-filter-kernel_mm'
  s.version         = PLUGIN_VERSION
  s.licenses        = ['Apache-2.0']
  s.summary         = 'Decodes Linux kernel OOM and page allocation failure reports (mmlens)'
  s.description     = 'Logstash Java filter kernel_mm: per-line decoding and per-host report stitching of kernel memory-management log reports. Install with bin/logstash-plugin install --no-verify --local <gem>.'
  s.authors         = ['mmlens']
  s.email           = 'mmlens@example.invalid'
  s.homepage        = 'https://github.com/mmlens/mmlens'
  s.platform        = 'java'
  s.require_paths   = ['lib', 'vendor/jar-dependencies']
  s.files           = Dir['lib/**/*', '*.gemspec', 'VERSION', 'vendor/jar-dependencies/**/*.jar']
  s.metadata        = { 'logstash_plugin' => 'true', 'logstash_group' => 'filter', 'java_plugin' => 'true' }

  s.add_runtime_dependency 'logstash-core-plugin-api', '>= 1.60', '<= 2.99'
  s.add_runtime_dependency 'jar-dependencies'
end
