# Ruby shim Logstash's plugin registry loads; the work is done by the Java class.
require 'logstash/filters/base'
require 'logstash/namespace'
require 'logstash-filter-kernel_mm_jars'
require 'java'

class LogStash::Filters::KernelMm < LogStash::Filters::Base
  config_name 'kernel_mm'

  def self.javaClass() Java::IoMmlensLogstash::KernelMm.java_class; end
end
