# Loads the plugin's single shaded jar from vendor/jar-dependencies.
require 'jar_dependencies'
require_jar('io.mmlens', 'logstash-filter-kernel_mm', '@VERSION@')
