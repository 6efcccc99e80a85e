import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, MaxLength, MinLength } from 'class-validator';

export class ContractPreviewDto {
  @ApiProperty({ description: 'The JWT `iss` of the legacy system that would send the body' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  readonly issuer!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The legacy event body' })
  @IsObject()
  readonly body!: Record<string, unknown>;
}
